module.exports = { ...require('../../jest.preset.js'), displayName: 'production', rootDir: __dirname };
