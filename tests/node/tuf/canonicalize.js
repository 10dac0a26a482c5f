// Prints the OLPC canonical JSON (@tufjs/canonical-json) of the JSON document in the file given.
'use strict';
const fs = require('fs');
const { canonicalize } = require('@tufjs/canonical-json');
process.stdout.write(canonicalize(JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))));
