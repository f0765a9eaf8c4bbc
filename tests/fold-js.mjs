// The browser's side of the fold (doc/search.md, "Normalisation"): NFC, then
// the fold table, code point by code point. Reads the table (JSON) on stdin,
// prints the key of each word given as an argument, one a line, and fails
// when a word's NFD form folds to another key than the word.
import { readFileSync } from "node:fs";

const map = JSON.parse(readFileSync(0, "utf8"));
const key = (w) => {
	let out = "";
	for (const ch of w.normalize("NFC")) {
		const k = map[ch.codePointAt(0)];
		out += k === undefined ? ch : k;
	}
	return out;
};
let bad = 0;
for (const w of process.argv.slice(2)) {
	const k = key(w), d = key(w.normalize("NFD"));
	if (d !== k) {
		console.error(`the NFD form of ${w} is ${d}, not ${k}`);
		bad++;
	}
	console.log(k);
}
process.exit(bad ? 1 : 0);
