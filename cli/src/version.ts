/** The `charter` version (the CLI package's), shown by `--version` and in reports (SARIF `tool.driver.version`). */
export const CLI_VERSION = "0.1.0";
