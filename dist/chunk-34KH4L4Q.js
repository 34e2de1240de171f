import { createRequire as __modelgateCreateRequire } from 'node:module';
import { fileURLToPath as __modelgateFileURLToPath } from 'node:url';
import { dirname as __modelgateDirname } from 'node:path';
const require = __modelgateCreateRequire(import.meta.url);
const __filename = __modelgateFileURLToPath(import.meta.url);
const __dirname = __modelgateDirname(__filename);
import{e as r}from"./chunk-M4YAP2QN.js";import{a as o}from"./chunk-IJKVW6MU.js";function n(t,e){return r(t,{baseUrl:e,request:{fetch:globalThis.fetch}})}function k(t,e,i){if(t.token===void 0)throw new o(`'${i}' mode talks to the GitHub API but the 'token' input is empty: remove the override so the default \${{ github.token }} applies, or pass a token.`);return n(t.token,e.apiUrl)}export{n as a,k as b};
