/** The formats as the dialogs offer them. */
export const EXPORT_FORMATS = [
  { id: 'native', name: 'Parallax JSON', detail: 'Everything: layers, links across articles, entities, notes. Re-importable.' },
  { id: 'w3c', name: 'W3C Web Annotation (JSON-LD)', detail: 'An AnnotationCollection with quote and position selectors. Re-importable.' },
  { id: 'brat', name: 'brat standoff (zip)', detail: '.txt and .ann per article with annotation.conf; opens in brat.' },
  { id: 'labelstudio', name: 'Label Studio (zip)', detail: 'JSON tasks and the labeling config.' },
  { id: 'mqm', name: 'MQM TSV', detail: 'Translation errors per sentence, as WMT and Marot read them.' },
  { id: 'csv', name: 'CSV', detail: 'One row per annotation, for spreadsheets.' },
] as const
export type ExportFormatId = (typeof EXPORT_FORMATS)[number]['id']

export const IMPORT_FORMATS = [
  { id: 'native', name: 'Parallax JSON', accept: '.json', multiple: false },
  { id: 'w3c', name: 'W3C Web Annotation (JSON-LD)', accept: '.json,.jsonld', multiple: false },
  { id: 'brat', name: 'brat standoff (.ann files, with or without .txt)', accept: '.ann,.txt', multiple: true },
  { id: 'labelstudio', name: 'Label Studio JSON tasks', accept: '.json', multiple: false },
] as const
export type ImportFormatId = (typeof IMPORT_FORMATS)[number]['id']
