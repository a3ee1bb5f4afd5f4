#!/usr/bin/env node
// The `resolve` command. Node 24 runs the TypeScript source directly.
import "../src/cli/main.ts";
