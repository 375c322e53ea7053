/** Tests whose expectations come from AWS's service models (Debian's python3-botocore): skipped without them, off CI. */
import { modelFile } from '../../src/sim/core/service-models.js';
import { describeWithTool } from './debian-tools.js';

export const describeWithModels = describeWithTool({
  name: "AWS's service models (python3-botocore)",
  present: modelFile('sts') !== undefined,
  install: 'apt-get install python3-botocore, or set CISFLEET_BOTOCORE_DATA to a botocore/data directory',
});
