import { createRequire as __modelgateCreateRequire } from 'node:module';
import { fileURLToPath as __modelgateFileURLToPath } from 'node:url';
import { dirname as __modelgateDirname } from 'node:path';
const require = __modelgateCreateRequire(import.meta.url);
const __filename = __modelgateFileURLToPath(import.meta.url);
const __dirname = __modelgateDirname(__filename);
import{a,b}from"./chunk-34KH4L4Q.js";import"./chunk-M4YAP2QN.js";import"./chunk-IJKVW6MU.js";import"./chunk-GZVDZXW2.js";export{a as createOctokit,b as requireOctokit};
