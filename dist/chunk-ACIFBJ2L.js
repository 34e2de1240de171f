import { createRequire as __modelgateCreateRequire } from 'node:module';
import { fileURLToPath as __modelgateFileURLToPath } from 'node:url';
import { dirname as __modelgateDirname } from 'node:path';
const require = __modelgateCreateRequire(import.meta.url);
const __filename = __modelgateFileURLToPath(import.meta.url);
const __dirname = __modelgateDirname(__filename);
import{d as o,h as i}from"./chunk-34GQRX5T.js";import{Q as n,S as a}from"./chunk-XCP4XAQC.js";var s=200;function l(r){return o(i(r.comparison,r),65535)}function d(r,m){let e=a(r,m),t=[...e];return t.length>s?`${t.slice(0,s-1).join("")}\u2026`:e}function f(r){return{conclusion:n(r.comparison,r.override)?"success":"failure",title:d(r.comparison,r.override),summary:l(r)}}export{f as a};
