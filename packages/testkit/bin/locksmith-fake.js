#!/usr/bin/env node
// A committed entry point, so package managers can link the `locksmith-fake` bin at install time,
// before `dist/` is built (pnpm skips bins whose target does not exist yet).
import '../dist/bin/locksmith-fake.js';
