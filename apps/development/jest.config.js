module.exports = { ...require('../../jest.preset.js'), displayName: 'development', rootDir: __dirname };
