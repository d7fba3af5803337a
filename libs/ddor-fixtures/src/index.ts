export type { ReportContent, TitleVariant, DateStyle } from './content';
export { REPORT_TITLE, DEFAULT_SCOPE_TEXT, normalizeSpace } from './content';
export type {
  Layout,
  Column,
  Generator,
  PageSize,
  DeclinedField,
  HighestVolumeField,
  PolicyField,
} from './layout';
export {
  layouts,
  defaultLayout,
  layoutByName,
  iceLetterLandscape,
  letterPortraitTimes,
  a4Grouped,
  legalCourier,
} from './layouts';
export type { Truth, LayoutFeatures } from './compose';
export { generateReport, type GeneratedReport } from './generate';
export { syntheticContent, type SyntheticOptions } from './synthetic';
export { buildRealisticContent, type RealisticOptions } from './realistic';
export {
  loadSourceData,
  sharedDataAvailable,
  sharedDataDir,
  SharedDataMissingError,
  type SourceData,
} from './source-data';
export { badPdfs, largeReport, type BadPdfs } from './bad-pdfs';
export { STATE_NAMES, stateName, stateCode } from './states';
