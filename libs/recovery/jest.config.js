module.exports = { ...require('../../jest.preset.js'), displayName: 'recovery', rootDir: __dirname };
