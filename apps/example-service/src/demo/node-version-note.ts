/**
 * Imported first by the demo: the AWS SDK warns on every start under Node 20, which would break
 * up the demo's narrative. The demo prints its own one-line note instead (see demo.ts).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const nodeVersionNote =
  Number(process.versions.node.split('.')[0]) < 22
    ? `note: running on Node ${process.version}; AWS SDK releases after January 2027 need Node 22 or later`
    : undefined;
