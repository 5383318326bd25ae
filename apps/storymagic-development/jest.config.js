module.exports = { ...require('../../jest.preset.js'), displayName: 'storymagic-development', rootDir: __dirname };
