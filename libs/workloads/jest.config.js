module.exports = { ...require('../../jest.preset.js'), displayName: 'workloads', rootDir: __dirname };
