using Microsoft.Playwright;

namespace DeadMan.IntegrationTests.Web;

/// <summary>
/// Debian's chromium, headless, driven by Playwright (whose own browser download is not reachable here), optionally
/// inside a network namespace: Playwright talks to it over a pipe, which <c>ip netns exec</c> passes through. Pages
/// open at 1920x1080, the venue screen's size.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Where screenshots are kept: <c>DEADMAN_SCREENSHOTS</c> (the README's come from docs/); unset, none are kept.</summary>
    public static string? ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("DEADMAN_SCREENSHOTS") is { Length: > 0 } directory ? Path.GetFullPath(directory) : null;

    public static async Task<HeadlessChromium> LaunchAsync(string? netns, string scratch)
    {
        string executable = Chromium;
        if (netns is not null)
        {
            executable = Path.Combine(scratch, "chromium-in-namespace");
            File.WriteAllText(executable, $"#!/bin/sh\nexec ip netns exec {netns} {Chromium} \"$@\"\n");
            File.SetUnixFileMode(executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        IPlaywright playwright = await Playwright.CreateAsync();
        try
        {
            // As root, chromium runs only without its sandbox; the pages it opens are our own.
            IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true, Args = ["--no-sandbox"] });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async Task<IPage> OpenAsync(string url)
    {
        IPage page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        await page.GotoAsync(url);
        return page;
    }

    // Taken either way, so the page is rendered whole; kept only when asked, as a test leaves nothing behind.
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = ScreenshotDirectory is { } directory ? Path.Combine(directory, name) : null });

    /// <summary>
    /// The computed colour or background of the first element <paramref name="selector"/> finds, as "rgb(r, g, b)".
    /// Found and read in one step: the pages redraw every second, and a row found a moment before may be gone.
    /// </summary>
    public static Task<string> StyleAsync(IPage page, string selector, string property) =>
        page.EvaluateAsync<string>("([s, p]) => { const e = document.querySelector(s); return e ? getComputedStyle(e)[p] : 'no ' + s; }", new[] { selector, property });

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
