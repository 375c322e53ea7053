// Tests run offline against the local simulator: no ambient AWS configuration may leak in.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
for (const name of [
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
]) {
  delete process.env[name];
}
process.env.AWS_CONFIG_FILE = '/nonexistent/cisfleet-test-aws-config';
process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/cisfleet-test-aws-credentials';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.NO_COLOR = '1';
// Every response the simulator sends in the suite is checked against AWS's service model (src/sim/core/output-check.ts).
process.env.CISFLEET_SIM_CHECK_RESPONSES = '1';
