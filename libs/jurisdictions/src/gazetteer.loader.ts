import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FacilityAliasTable, type FacilityAlias } from './facility-aliases';
import { Gazetteer } from './gazetteer';
import { parseRecords } from './record';

export interface GazetteerSource {
  loadGazetteer(): Gazetteer;
  loadFacilityAliases(): FacilityAlias[];
}

/** Reads the snapshot shipped in libs/jurisdictions/data (see README.md for how it is generated). */
export class GazetteerFileLoader implements GazetteerSource {
  constructor(private readonly dataDir: string = join(__dirname, '..', 'data')) {}

  private read(file: string): string {
    const path = join(this.dataDir, file);
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`cannot read gazetteer data ${path}: ${(err as Error).message}`);
    }
  }

  loadGazetteer(): Gazetteer {
    return new Gazetteer(parseRecords(this.read('gazetteer.tsv'), 'gazetteer.tsv'));
  }

  loadFacilityAliases(): FacilityAlias[] {
    return FacilityAliasTable.parse(this.read('facility-aliases.tsv'), 'facility-aliases.tsv');
  }
}
