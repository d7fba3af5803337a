import { Option } from 'commander';
import { CSV_SECTIONS, sectionCsv, type CsvSection } from '../format/csv';
import { extractText } from '../format/extract-text';
import type { CommandModule } from './command';
import { readExtract } from './read-extract';

interface ExtractFlags {
  json?: boolean;
  csv?: CsvSection;
}

export const extractCommand: CommandModule = {
  name: 'extract',
  register(program, output) {
    program
      .command('extract')
      .description('read every row of a DDOR PDF, as printed')
      .argument('<file.pdf>', 'a Declined Detainer Outcome Report')
      .option('--json', 'print the extract object (the report.extracted payload) as JSON')
      .addOption(
        new Option('--csv <section>', 'print one section as CSV').choices(CSV_SECTIONS).conflicts('json'),
      )
      .action(async (file: string, flags: ExtractFlags) => {
        const extract = await readExtract(file);
        if (flags.json) output.out(`${JSON.stringify(extract, null, 2)}\n`);
        else if (flags.csv) output.out(sectionCsv(extract, flags.csv));
        else output.out(extractText(extract, file));
      });
  },
};
