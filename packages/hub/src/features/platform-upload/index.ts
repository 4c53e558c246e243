/** 好差评 upload to the provincial platform (issue 16): the records, the mappings, the uploader. */
export { addCaseStepRecord, caseStepKind, ratingRecords } from './records.js';
export { defaultBody, defaultMapping, defaultSignature } from './default-mapping.js';
export {
  mappingOf,
  type PlatformMappingModule,
  type PlatformRequest,
  type UploadOutcome,
} from './mapping.js';
export {
  PlatformUploader,
  platformSecretFromEnv,
  uploadBackoffMs,
  type PlatformUploaderOptions,
} from './uploader.js';
export { platformUploadView, resendPlatformUpload, listPlatformUploads } from './console.js';
