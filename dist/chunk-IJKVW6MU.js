import { createRequire as __modelgateCreateRequire } from 'node:module';
import { fileURLToPath as __modelgateFileURLToPath } from 'node:url';
import { dirname as __modelgateDirname } from 'node:path';
const require = __modelgateCreateRequire(import.meta.url);
const __filename = __modelgateFileURLToPath(import.meta.url);
const __dirname = __modelgateDirname(__filename);
var n=class extends Error{name="InputError"};function r(e){return e instanceof Error?e.message:String(e)}export{n as a,r as b};
