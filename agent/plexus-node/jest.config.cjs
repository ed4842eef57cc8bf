const preset = require('../../jest.preset.cjs');
module.exports = {
  ...preset,
  rootDir: __dirname,
  displayName: 'plexus-node',
  resolver: require('path').join(__dirname, 'jest-resolver.cjs'),
  transformIgnorePatterns: [preset.transformIgnorePatterns[0].replace('|rfc4648)', '|rfc4648|kubernetes-models|@kubernetes-models|is-cidr|cidr-regex|ip-regex|ajv-i18n)')],
};
