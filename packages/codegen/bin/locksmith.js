#!/usr/bin/env node
// A committed entry point, so package managers can link the `locksmith` bin at install time,
// before `dist/` is built (pnpm skips bins whose target does not exist yet).
import '../dist/cli/bin.js';
