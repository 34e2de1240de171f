import { createRequire as __modelgateCreateRequire } from 'node:module';
import { fileURLToPath as __modelgateFileURLToPath } from 'node:url';
import { dirname as __modelgateDirname } from 'node:path';
const require = __modelgateCreateRequire(import.meta.url);
const __filename = __modelgateFileURLToPath(import.meta.url);
const __dirname = __modelgateDirname(__filename);
import{_a as e}from"./chunk-XCP4XAQC.js";import{a as n}from"./chunk-IJKVW6MU.js";import{readFile as a}from"node:fs/promises";import{resolve as f}from"node:path";async function g(i,o){let r;try{r=await a(f(i,o),"utf8")}catch(t){throw t instanceof Error&&"code"in t&&t.code==="ENOENT"?new n(`No config file at ${o}: add one with at least \`data: { path: <csv>, label: <column> }\`, or point the 'config' input at it.`):t}return e(r,o)}export{g as a};
