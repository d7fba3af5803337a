import { GrantProgram } from '@detainer-watch/contracts';
import { DEFAULT_CLAWBACK_YEARS } from '@detainer-watch/grant-exposure';
import { analyzeExtract, DEFAULT_PROGRAMS } from '@detainer-watch/report-analysis';
import { InvalidArgumentError } from 'commander';
import { analysisText } from '../format/analysis-text';
import { loadReferenceLedger, loadResolver } from '../io/reference-data';
import type { CommandModule } from './command';
import { readExtract } from './read-extract';

interface AnalyzeFlags {
  json?: boolean;
  programs?: GrantProgram[];
  fy?: number[];
  clawbackYears?: number;
}

function parsePrograms(value: string): GrantProgram[] {
  const names = value.split(',').map((p) => p.trim().toUpperCase());
  const bad = names.filter((p) => !GrantProgram.safeParse(p).success);
  if (bad.length > 0 || names.length === 0) {
    throw new InvalidArgumentError(
      `unknown program ${bad.map((b) => `"${b}"`).join(', ')}; choose from ${GrantProgram.options.join(', ')}`,
    );
  }
  return [...new Set(names as GrantProgram[])];
}

function parseYears(value: string): number[] {
  return value.split(',').map((text) => {
    const year = Number(text.trim());
    if (!/^\d{4}$/.test(text.trim()) || year < 1990 || year > 2100) {
      throw new InvalidArgumentError(`"${text}" is not a fiscal year such as 2017`);
    }
    return year;
  });
}

function parseCount(value: string): number {
  if (!/^\d{1,2}$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a number of years`);
  return Number(value);
}

export const analyzeCommand: CommandModule = {
  name: 'analyze',
  register(program, output) {
    program
      .command('analyze')
      .description(
        'resolve every jurisdiction a DDOR PDF names, categorize its policies and estimate grant money at risk',
      )
      .argument('<file.pdf>', 'a Declined Detainer Outcome Report')
      .option('--json', 'print { report, jurisdictions, unresolved } as JSON')
      .option(
        '--programs <list>',
        `grant programs to estimate, comma-separated, of ${GrantProgram.options.join(', ')} (default ${DEFAULT_PROGRAMS.join(',')})`,
        parsePrograms,
      )
      .option(
        '--fy <years>',
        "fiscal years to estimate, comma-separated (default: the federal fiscal year of the report's period)",
        parseYears,
      )
      .option(
        '--clawback-years <n>',
        `prior fiscal years counted as a clawback scenario (default ${DEFAULT_CLAWBACK_YEARS})`,
        parseCount,
      )
      .action(async (file: string, flags: AnalyzeFlags) => {
        // Extract first: a bad file fails before the gazetteer (seconds) is loaded.
        const report = await readExtract(file);
        const resolver = loadResolver();
        const { ledger } = await loadReferenceLedger(resolver);
        const analysis = analyzeExtract(report, {
          resolver,
          ledger,
          programs: flags.programs,
          fiscalYears: flags.fy,
          clawbackYears: flags.clawbackYears,
        });
        if (flags.json) {
          const { jurisdictions, unresolved } = analysis;
          output.out(`${JSON.stringify({ report, jurisdictions, unresolved }, null, 2)}\n`);
        } else output.out(analysisText(analysis, file));
      });
  },
};
