// Integration tests start processes, brokers' consumer groups and databases: seconds,
// not milliseconds. (`testTimeout` is a global option, so the tier sets its own here.)
jest.setTimeout(300_000);
