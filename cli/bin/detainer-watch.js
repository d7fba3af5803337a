#!/usr/bin/env node
'use strict';
// The compiled command; `npm ci` builds it (the root package's prepare script runs tsc -b).
require('../dist/main.js')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
