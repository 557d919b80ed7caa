/**
 * One escaping function per target format. Every catalog-derived string an emitter writes goes
 * through the function of its format, the catalog file name in headers included; property tests
 * (test/escape.test.ts) feed arbitrary Unicode through each and parse the result back.
 */
export { dotenvComment } from './dotenv.js';
export { goDocText, goLineComment, goRawJson, goRawString, goString } from './go.js';
export { hclComment, hclString, terraformLiteral } from './hcl.js';
export { mdCode, mdHtmlComment, mdText } from './markdown.js';
export { mermaidLabel, mermaidLabelDecode } from './mermaid.js';
export { pyDocstring, pyLineComment, pyString } from './python.js';
export { rustDocText, rustLineComment, rustRawJson, rustRawString, rustString } from './rust.js';
export { tsBlockComment, tsLineComment, tsString } from './typescript.js';
export { isBidiControl, isPrintable, showBidiControls, showUnprintable } from './unprintable.js';
export { yamlComment, yamlString } from './yaml.js';
