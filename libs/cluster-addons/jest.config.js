module.exports = { ...require('../../jest.preset.js'), displayName: 'cluster-addons', rootDir: __dirname };
