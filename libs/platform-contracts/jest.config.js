module.exports = { ...require('../../jest.preset.js'), displayName: 'platform-contracts', rootDir: __dirname };
