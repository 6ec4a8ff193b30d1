// node ooxml_sdk.mjs MODULE OFFICE_VERSION FILE...
// Validates each Office file with Microsoft's Open XML SDK (@ooxml-tools/validate, the SDK
// built to WebAssembly) in this one process, and prints {file: [error, ...]} as JSON.
import { readFileSync } from "node:fs";

const [modulePath, office, ...files] = process.argv.slice(2);
const { default: validate, getFileFormatFromName } = await import(modulePath);
const found = {};
for (const file of files) {
  found[file] = await validate(new Uint8Array(readFileSync(file)),
                               getFileFormatFromName(file), office);
}
process.stdout.write(JSON.stringify(found));
