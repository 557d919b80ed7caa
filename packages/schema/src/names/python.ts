/**
 * How catalog names become Python identifiers in generated modules. The Python emitter and the
 * `python-names` catalog rule share these functions, so a name that would not compile (or would
 * load another secret's value) is a located catalog error before any code is generated.
 */

/** Keywords and soft keywords: never used as-is for an attribute, a field or a package. */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False',
  'None',
  'True',
  '_',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'case',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'match',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'type',
  'while',
  'with',
  'yield',
]);

/**
 * Capitalised builtins (constants, exceptions, warnings): a generated class of that name would
 * shadow the builtin in the module and in every `from pkg import *`.
 */
export const PYTHON_CAPITALISED_BUILTINS: ReadonlySet<string> = new Set([
  'ArithmeticError',
  'AssertionError',
  'AttributeError',
  'BaseException',
  'BaseExceptionGroup',
  'BlockingIOError',
  'BrokenPipeError',
  'BufferError',
  'BytesWarning',
  'ChildProcessError',
  'ConnectionAbortedError',
  'ConnectionError',
  'ConnectionRefusedError',
  'ConnectionResetError',
  'DeprecationWarning',
  'EOFError',
  'Ellipsis',
  'EncodingWarning',
  'EnvironmentError',
  'Exception',
  'ExceptionGroup',
  'False',
  'FileExistsError',
  'FileNotFoundError',
  'FloatingPointError',
  'FutureWarning',
  'GeneratorExit',
  'IOError',
  'ImportError',
  'ImportWarning',
  'IndentationError',
  'IndexError',
  'InterruptedError',
  'IsADirectoryError',
  'KeyError',
  'KeyboardInterrupt',
  'LookupError',
  'MemoryError',
  'ModuleNotFoundError',
  'NameError',
  'None',
  'NotADirectoryError',
  'NotImplemented',
  'NotImplementedError',
  'OSError',
  'OverflowError',
  'PendingDeprecationWarning',
  'PermissionError',
  'ProcessLookupError',
  'PythonFinalizationError',
  'RecursionError',
  'ReferenceError',
  'ResourceWarning',
  'RuntimeError',
  'RuntimeWarning',
  'StopAsyncIteration',
  'StopIteration',
  'SyntaxError',
  'SyntaxWarning',
  'SystemError',
  'SystemExit',
  'TabError',
  'TimeoutError',
  'True',
  'TypeError',
  'UnboundLocalError',
  'UnicodeDecodeError',
  'UnicodeEncodeError',
  'UnicodeError',
  'UnicodeTranslateError',
  'UnicodeWarning',
  'UserWarning',
  'ValueError',
  'Warning',
  'ZeroDivisionError',
]);

/** Public names every generated module declares itself; a secret's class must not take them. */
export const PYTHON_MODULE_CLASSES: ReadonlySet<string> = new Set([
  'Client',
  'Problem',
  'Secrets',
  'SecretsError',
]);

/**
 * Members of the generated `Client` besides one handle per secret. A secret's attribute (on
 * `Client` and, to stay the same name, on `Secrets`) that would take one gets a trailing `_`.
 */
export const PYTHON_CLIENT_MEMBERS: ReadonlySet<string> = new Set([
  'aclose',
  'apreload',
  'close',
  'health',
  'mask',
  'preload',
  'sdk',
  'snapshot',
]);

/** `reports-py` → `reports_py`, `jwtSigningKey` → `jwt_signing_key`; no keyword handling. */
function snake(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
  const joined = words.join('_').toLowerCase();
  return /^[a-z_]/.test(joined) ? joined : `_${joined}`;
}

/** A snake-case identifier; a keyword or soft keyword gets a trailing `_` (`class` → `class_`). */
export function pythonSnakeCase(name: string): string {
  const identifier = snake(name);
  return PYTHON_KEYWORDS.has(identifier) ? `${identifier}_` : identifier;
}

/** Import name of a service's package: `reports-py` → `reports_py`. */
export function pythonPackageName(service: string): string {
  return pythonSnakeCase(service);
}

/** Attribute of a secret on `Secrets` and `Client`: snake case, clear of keywords and Client members. */
export function pythonSecretAttribute(secret: string): string {
  const identifier = pythonSnakeCase(secret);
  return PYTHON_CLIENT_MEMBERS.has(identifier) ? `${identifier}_` : identifier;
}

/** Attribute of a field on its value class: snake case, clear of keywords. */
export function pythonFieldAttribute(field: string): string {
  return pythonSnakeCase(field);
}

/**
 * Class of a secret's value: `payment-api-key` → `PaymentApiKey`. A name the module declares,
 * a capitalised builtin or a keyword (`none` → `None`) gets a `Secret` suffix.
 */
export function pythonClassName(secret: string): string {
  const words = secret.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') || 'Secret';
  const identifier = /^[0-9]/.test(joined) ? `_${joined}` : joined;
  const taken =
    PYTHON_MODULE_CLASSES.has(identifier) ||
    PYTHON_CAPITALISED_BUILTINS.has(identifier) ||
    PYTHON_KEYWORDS.has(identifier);
  return taken ? `${identifier}Secret` : identifier;
}
