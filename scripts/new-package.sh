#!/usr/bin/env bash
# Creates a workspace package skeleton: scripts/new-package.sh <libs|services> <name> "<description>" [dep ...]
# Keeps every package's package.json and tsconfig.json in one shape, so the build graph stays uniform.
set -euo pipefail
kind=$1 name=$2 desc=$3; shift 3
dir="$kind/$name"
mkdir -p "$dir/src"
deps=""; refs=""
for d in "$@"; do
  deps+="${deps:+, }\"@detainer-watch/$d\": \"*\""
  refs+="${refs:+, }{ \"path\": \"../../libs/$d\" }"
done
cat > "$dir/package.json" <<JSON
{
  "name": "@detainer-watch/$name",
  "version": "0.1.0",
  "private": true,
  "description": "$desc",
  "main": "dist/index.js",
  "types": "dist/index.d.ts",
  "dependencies": { $deps }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist", "tsBuildInfoFile": "dist/.tsbuildinfo" },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.spec.ts"],
  "references": [ $refs ]
}
JSON
[ -f "$dir/src/index.ts" ] || echo "export {};" > "$dir/src/index.ts"
