module.exports = { ...require('../../jest.preset.js'), displayName: 'terraform-testing', rootDir: __dirname };
