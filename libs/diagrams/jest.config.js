module.exports = { ...require('../../jest.preset.js'), displayName: 'diagrams', rootDir: __dirname };
