module.exports = { ...require('../../jest.preset.js'), displayName: 'storymagic-production', rootDir: __dirname };
