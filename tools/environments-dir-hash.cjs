#!/usr/bin/env node
/**
 * An Nx runtime input of the synth target: the content of the folder PLATFORM_ENVIRONMENTS_DIR names (every file
 * under it, by path and content), so a synthesis of another folder's environment files is never replayed from the
 * cache after one of them changed. Prints `workspace` when the variable is unset: environments/ is an input already.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

function folderHash(root) {
  const hash = crypto.createHash('sha256');
  const files = fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(`${path.relative(root, file)}\0`).update(fs.readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const dir = process.env.PLATFORM_ENVIRONMENTS_DIR;
console.log(dir ? `${path.resolve(dir)} ${fs.existsSync(dir) ? folderHash(path.resolve(dir)) : 'missing'}` : 'workspace');
