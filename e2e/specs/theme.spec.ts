// The theme toggle: the choice is kept (localStorage) and applied again after a reload.
import { expect, test } from "../fixtures.ts";

test("the theme toggle persists across a reload", async ({ page, step, servicesPage }) => {
  await step("light by default (the browser prefers light)", async () => {
    await servicesPage.goto();
    await expect(servicesPage.themeToggle).toBeVisible();
    expect(await servicesPage.theme()).toBe("light");
  });

  await step("toggle: dark", async () => {
    await servicesPage.themeToggle.click();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  });

  await step("reload: still dark", async () => {
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await expect(servicesPage.table).toBeVisible();
  });

  await step("toggle back: light, also after a reload", async () => {
    await servicesPage.themeToggle.click();
    await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
    await page.reload();
    await expect(servicesPage.themeToggle).toBeVisible();
    expect(await servicesPage.theme()).toBe("light");
  });
});
