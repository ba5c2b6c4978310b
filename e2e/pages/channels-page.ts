// /alerts/channels: the channel list, the channel form, test-send and each channel's delivery log.
import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell.ts";

export class ChannelsPage extends AppShell {
  readonly list: Locator;
  readonly newChannel: Locator;
  readonly form: Locator;
  readonly name: Locator;
  readonly type: Locator;
  readonly url: Locator;
  readonly save: Locator;

  constructor(page: Page) {
    super(page);
    this.list = page.getByTestId("channels-list");
    this.newChannel = page.getByTestId("channel-new");
    this.form = page.getByTestId("channel-form");
    this.name = page.getByTestId("channel-name-input");
    this.type = page.getByTestId("channel-type-select");
    this.url = page.getByTestId("channel-url-input");
    this.save = page.getByTestId("channel-save");
  }

  async goto(): Promise<void> {
    await this.page.goto("/alerts/channels");
  }

  row(name: string): Locator {
    return this.list.locator(`[data-testid="channel-row"][data-channel="${name}"]`);
  }
}
