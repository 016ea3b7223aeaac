using System.Diagnostics;
using DeadMan.IntegrationTests.Lab;
using Microsoft.Playwright;

namespace DeadMan.IntegrationTests.Web;

/// <summary>
/// The web view's pages in a real browser (Debian's chromium, headless) against deadman watching namespace hosts.
/// The browser runs in a namespace of its own whose only link leads to deadman's: no route to the hosts, nor
/// anywhere else, so a page that fetched anything from elsewhere would show it.
/// </summary>
public sealed class BrowserTests : IAsyncLifetime, IDisposable
{
    private const int WebPort = 19181;
    private const string WebAddress = "198.18.2.1";
    private const string Up = "rgb(63, 185, 80)";
    private const string DownBackground = "rgb(90, 20, 20)";
    private const string UpTile = "rgb(15, 45, 26)";
    private const string DownTile = "rgb(179, 22, 29)";
    private static readonly string s_deadman = DeadmanBinary.Path;

    private readonly TwoHosts _hosts = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-browser-").FullName;
    private readonly NamespaceProcesses _processes = new();
    private string _far = "";
    private string _farLink = "";
    private string _browserNs = "";
    private HeadlessChromium? _browser;

    private static string Url(string path) => $"http://{WebAddress}:{WebPort}{path}";

    public async Task InitializeAsync()
    {
        _far = _hosts.Lab.AddNamespace("f");
        (_, _farLink) = _hosts.Lab.Link(_hosts.Client, "198.18.1.1/24", _far, "198.18.1.2/24");
        _browserNs = _hosts.Lab.AddNamespace("b");
        _hosts.Lab.Link(_hosts.Client, $"{WebAddress}/24", _browserNs, "198.18.2.2/24");
        _browser = await HeadlessChromium.LaunchAsync(_browserNs, _directory);
    }

    private HeadlessChromium Browser => _browser!;

    [Fact]
    public async Task Should_colour_rows_and_tiles_and_turn_a_pulled_host_red_within_two_seconds_When_a_browser_watches()
    {
        // Given: deadman watching two hosts, the browser cut off from everything but deadman
        StartDeadman("[web]\ntitle = \"Browser test\"\n", "--- lab\nalive 198.18.0.2\ncable 198.18.1.2\n");
        Assert.NotEqual(0, Shell.RunChecked(["ip", "netns", "exec", _browserNs, "ping", "-c", "1", "-W", "1", TwoHosts.TargetAddress]).Exit);
        IPage table = await Browser.OpenAsync(Url("/"));
        IPage signage = await Browser.OpenAsync(Url("/signage"));
        await table.WaitForSelectorAsync("tr.host[data-name='cable'][data-state='up']", new() { Timeout = 30_000 });
        await table.WaitForSelectorAsync("tr.host[data-name='alive'][data-state='up']", new() { Timeout = 30_000 });
        await signage.WaitForSelectorAsync("article.tile[data-group='lab'][data-state='up']", new() { Timeout = 30_000 });

        // Then: green rows under their group, with addresses for the operator; a green tile and no address for attendees.
        // The colours are awaited (Playwright retries for 5 s): at a 200 ms timeout a CI machine busy with chromium
        // once turned a host red for a moment between the wait above and a single read.
        await Assertions.Expect(table.Locator("tr.host[data-name='alive']")).ToHaveCSSAsync("color", Up);
        Assert.Equal("lab", await table.InnerTextAsync("tr.group"));
        Assert.Equal(TwoHosts.TargetAddress, await table.InnerTextAsync("tr.host[data-name='alive'] td.address"));
        Assert.True(await table.Locator("tr.host[data-name='alive'] svg.spark rect.answered").CountAsync() > 0, "no RESULT bars");
        await Assertions.Expect(signage.Locator("article.tile[data-group='lab']")).ToHaveCSSAsync("background-color", UpTile);
        Assert.Equal("Browser test", await signage.InnerTextAsync("#title"));
        Assert.DoesNotContain("198.18.", await signage.ContentAsync(), StringComparison.Ordinal);

        // And a click on a row opens its detail
        await table.ClickAsync("tr.host[data-name='alive']");
        string detail = await table.InnerTextAsync("#detail");
        Assert.Contains("icmp", detail, StringComparison.Ordinal);
        Assert.Contains(TwoHosts.TargetAddress, detail, StringComparison.Ordinal);

        // When the far host's cable is pulled, with the pages left as they are
        await table.EvaluateAsync("() => window.notReloaded = true");
        var pulled = Stopwatch.StartNew();
        _hosts.Lab.SetLink(_far, _farLink, up: false);
        await table.WaitForSelectorAsync("tr.host[data-name='cable'][data-state='down']", new() { Timeout = 5_000 });
        TimeSpan red = pulled.Elapsed;
        await signage.WaitForSelectorAsync("article.tile[data-group='lab'][data-state='down']", new() { Timeout = 5_000 });

        // Then it is red in both within two seconds, the page never reloaded, the other host still green
        Assert.True(red < TimeSpan.FromSeconds(2), $"red after {red.TotalMilliseconds:0} ms");
        Assert.True(await table.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page reloaded");
        Assert.Equal(DownBackground, await HeadlessChromium.StyleAsync(table, "tr.host[data-name='cable']", "backgroundColor"));
        Assert.Equal(Up, await HeadlessChromium.StyleAsync(table, "tr.host[data-name='alive']", "color"));
        Assert.Equal(DownTile, await HeadlessChromium.StyleAsync(signage, "article.tile[data-group='lab']", "backgroundColor"));
        Assert.Equal("1", await signage.InnerTextAsync("#down"));
        await table.WaitForSelectorAsync("#events li.down", new() { Timeout = 5_000 });
        Assert.Contains("cable", await table.InnerTextAsync("#events li.down"), StringComparison.Ordinal);

        // And its detail shows the trace taken as it failed: the host is the first hop, and nothing answers there
        await table.ClickAsync("tr.host[data-name='cable']");
        await table.WaitForSelectorAsync("#detail table.trace tr.down", new() { Timeout = 10_000 });
        Assert.Contains("no hop answered", await table.InnerTextAsync("#detail"), StringComparison.Ordinal);
        Assert.Equal("1\t*\t100%\t-\t", await table.InnerTextAsync("#detail table.trace tr.down"));
    }

    [Fact]
    public async Task Should_leave_no_address_in_the_page_and_rotate_the_tiles_When_the_view_is_public()
    {
        // Given: a public view, and more groups than one signage page holds
        string hosts = string.Concat(Enumerable.Range(1, 14).Select(i => $"--- Hall {i}\nhall-{i} {TwoHosts.TargetAddress}\n"));
        StartDeadman("[web]\npublic = true\n", hosts);
        IPage table = await Browser.OpenAsync(Url("/"));
        IPage signage = await Browser.OpenAsync(Url("/signage?rotate=4s"));
        await table.WaitForSelectorAsync("tr.host[data-name='hall-14'][data-state='up']", new() { Timeout = 30_000 });
        await signage.WaitForSelectorAsync("article.tile[data-state='up']", new() { Timeout = 30_000 });

        // Then: no address anywhere in the operator's page, its column gone
        Assert.DoesNotContain("198.18.", await table.ContentAsync(), StringComparison.Ordinal);
        Assert.False(await table.IsVisibleAsync("th.address"));
        await table.ClickAsync("tr.host[data-name='hall-3']");
        Assert.DoesNotContain("198.18.", await table.InnerTextAsync("#detail"), StringComparison.Ordinal);

        // And the signage pages through the tiles that do not fit, each page full
        int perPage = await signage.Locator("article.tile").CountAsync();
        Assert.InRange(perPage, 1, 13);
        Assert.Equal((int)Math.Ceiling(14.0 / perPage), await signage.Locator("#pages span").CountAsync());
        string first = await signage.GetAttributeAsync("article.tile", "data-group") ?? "";
        await signage.WaitForFunctionAsync($"() => document.querySelector('article.tile').dataset.group !== '{first}'", null, new() { Timeout = 10_000 });
        Assert.Equal($"Hall {perPage + 1}", await signage.GetAttributeAsync("article.tile", "data-group"));
    }

    [Fact]
    public async Task Should_say_the_picture_is_old_then_catch_up_without_a_reload_When_deadman_goes_and_comes_back()
    {
        // Given: both pages showing deadman's hosts
        Process deadman = StartDeadman("", "--- lab\nalive 198.18.0.2\n");
        IPage table = await Browser.OpenAsync(Url("/"));
        IPage signage = await Browser.OpenAsync(Url("/signage"));
        await table.WaitForSelectorAsync("tr.host[data-name='alive'][data-state='up']", new() { Timeout = 30_000 });
        await signage.WaitForSelectorAsync("article.tile[data-state='up']", new() { Timeout = 30_000 });
        await table.EvaluateAsync("() => window.notReloaded = true");
        Assert.True(await signage.IsHiddenAsync("#stale"));

        // When deadman stops
        deadman.Kill(entireProcessTree: true);
        await deadman.WaitForExitAsync();

        // Then the operator's page says the connection is lost, and the venue screen that its picture is old
        await table.WaitForSelectorAsync("#status.lost", new() { Timeout = 10_000 });
        await signage.WaitForSelectorAsync("#stale:not([hidden])", new() { Timeout = 15_000 });
        Assert.Contains("not live", await signage.InnerTextAsync("#stale"), StringComparison.Ordinal);

        // When it comes back, with another host
        StartDeadman("", "--- lab\nalive 198.18.0.2\nagain 198.18.0.2\n");

        // Then both pages catch up by themselves
        await table.WaitForSelectorAsync("tr.host[data-name='again'][data-state='up']", new() { Timeout = 15_000 });
        await table.WaitForSelectorAsync("#status.live", new() { Timeout = 5_000 });
        await signage.WaitForSelectorAsync("#stale[hidden]", new() { State = WaitForSelectorState.Attached, Timeout = 15_000 });
        Assert.Equal("2", await signage.InnerTextAsync("#up"));
        Assert.True(await table.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page reloaded");
    }

    [Fact]
    public async Task Should_fit_every_tile_name_and_graph_on_the_screen_and_the_table_in_the_window_When_hosts_are_down_and_one_is_expected_down()
    {
        // Given: a floor with six long-named hosts down and a spare expected down, among three healthy groups (issue 30:
        // tiles and their borders were cut at 1920x1080 and 1280x720, the uplink graph's baseline too, the operator's
        // page scrolled sideways at 1366x768, and the spare counted as up on the signage)
        string dead = string.Concat(Enumerable.Range(1, 6).Select(i => $"ap-4f-会議室-window-side-{i:00} 198.18.0.{70 + i}\n"));
        StartDeadman("[web]\ntitle = \"Layout\"\n",
            $"--- Upstream\nupstream 198.18.0.2\n--- Core network\ncore 198.18.0.2\ncore-b 198.18.0.2\n--- 4F 会議室 and the hall beside it\n{dead}spare 198.18.0.80 expect=down\n--- 1F\nap-1f 198.18.0.2\n");
        IPage signage = await Browser.OpenAsync(Url("/signage"));
        await signage.WaitForSelectorAsync("article.tile[data-state='down']", new() { Timeout = 30_000 });

        foreach ((int width, int height) in new[] { (1920, 1080), (1280, 720) })
        {
            // When: the venue screen is this size, with the uplink shown (its layout is the stylesheet's)
            await signage.SetViewportSizeAsync(width, height);
            await signage.EvaluateAsync("() => { document.getElementById('uplink').hidden = false; }");
            await signage.WaitForTimeoutAsync(1_500);

            // Then: every tile inside the screen, every name whole, the graph's baseline and axis on screen
            string[] cut = await signage.EvaluateAsync<string[]>(@"() => {
                const bad = [], inside = (a, b) => a.top >= b.top - .5 && a.bottom <= b.bottom + .5 && a.left >= b.left - .5 && a.right <= b.right + .5;
                const screen = { top: 0, left: 0, bottom: innerHeight, right: innerWidth };
                const tiles = document.getElementById('tiles').getBoundingClientRect();
                for (const t of document.querySelectorAll('article.tile')) {
                  const r = t.getBoundingClientRect();
                  if (!inside(r, tiles) || !inside(r, screen)) bad.push('tile ' + t.dataset.group);
                  const list = t.querySelector('ul').getBoundingClientRect();
                  for (const li of t.querySelectorAll('li')) if (!inside(li.getBoundingClientRect(), list)) bad.push('name ' + li.textContent);
                }
                for (const id of ['graph', 'scale']) if (!inside(document.getElementById(id).getBoundingClientRect(), screen)) bad.push(id);
                return bad; }");
            Assert.True(cut.Length == 0, $"{width}x{height}: cut off: {string.Join(", ", cut)}");

            // and the floor's tile names its hosts, or says how many more there are, six in all
            string floor = await signage.InnerTextAsync("article.tile[data-state='down'] ul");
            int named = floor.Split('\n').Count(l => l.Contains("ap-4f-", StringComparison.Ordinal));
            int more = System.Text.RegularExpressions.Regex.Match(floor, @"\+(\d+) more") is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            Assert.True(named >= 1 && named + more == 6, $"{width}x{height}: {floor}");
        }

        // And the spare is neither up nor down, as on the terminal
        Assert.Equal(("4", "6"), (await signage.InnerTextAsync("#up"), await signage.InnerTextAsync("#down")));

        // When the operator's page is read on a laptop and on a phone, sorted worst first
        IPage table = await Browser.OpenAsync(Url("/?sort=worst"));
        await table.WaitForSelectorAsync("tr.host[data-state='down']", new() { Timeout = 30_000 });
        foreach ((int width, int height) in new[] { (1366, 768), (390, 844) })
        {
            await table.SetViewportSizeAsync(width, height);
            await table.WaitForTimeoutAsync(1_500);

            // Then it fits the window's width: no sideways scrolling
            int[] widths = await table.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            Assert.True(widths[0] <= widths[1], $"{width}x{height}: {widths[0]} px wide in a {widths[1]} px window");
        }

        Assert.False(await table.IsVisibleAsync("th.address"), "the narrow layout keeps the address column");
        // Real outages first; the spare expected down after every one of them
        string[] order = await table.EvaluateAsync<string[]>("() => [...document.querySelectorAll('tr.host')].map(r => r.dataset.name)");
        Assert.True(order.Take(6).All(n => n.StartsWith("ap-4f-", StringComparison.Ordinal)), string.Join(" ", order));
        Assert.True(Array.IndexOf(order, "spare") > 5, string.Join(" ", order));
        Assert.Equal("▼ 6 down", await table.InnerTextAsync("#counts .down"));
    }

    [Fact]
    public async Task Should_acknowledge_and_withdraw_from_the_page_with_its_token_and_refuse_posts_without_it_or_from_another_origin()
    {
        // Given: deadman with a [web] token, its page opened with it, a host's cable pulled
        const string token = "browser-test-token-0123456789";
        StartDeadman($"[web]\ntoken = \"{token}\"\n", "--- lab\nalive 198.18.0.2\ncable 198.18.1.2\n");
        _hosts.Lab.SetLink(_far, _farLink, up: false);
        IPage page = await Browser.OpenAsync(Url($"/?token={token}"));
        await page.WaitForSelectorAsync("tr.host[data-name='cable'][data-state='down']", new() { Timeout = 30_000 });

        // When: the operator opens it, writes a note, chooses an hour and acknowledges
        await page.ClickAsync("tr.host[data-name='cable']");
        await page.FillAsync("form.acknowledge input[name='note']", "new cable ordered");
        await page.SelectOptionAsync("form.acknowledge select[name='for']", "60");
        await page.ClickAsync("form.acknowledge button[type='submit']");

        // Then: a known problem with its note, counted apart; the detail says by whom (the page's address) and until when
        await page.WaitForSelectorAsync("tr.host.known[data-name='cable']", new() { Timeout = 5_000 });
        Assert.Equal("known: new cable ordered", await page.InnerTextAsync("tr.host[data-name='cable'] .reason"));
        Assert.Contains("✓ 1 known", await page.InnerTextAsync("#counts"), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#detail")).ToContainTextAsync("acknowledged by web 198.18.2.2");
        await HeadlessChromium.ScreenshotAsync(page, "acknowledged.png");
        // and the venue screen counts it apart from the news
        IPage signage = await Browser.OpenAsync(Url("/signage"));
        await Assertions.Expect(signage.Locator("#known")).ToHaveTextAsync("1");
        Assert.Equal("0", await signage.InnerTextAsync("#down"));

        // When: a page of another origin posts a withdrawal with the token (it is refused before it is sent:
        // a JSON post is preflighted, and the server allows no preflight), and curl without the token, or with
        // another origin's header
        IPage elsewhere = await Browser.OpenAsync("about:blank");
        string sent = await elsewhere.EvaluateAsync<string>($$"""
            () => fetch('{{Url($"/api/acknowledge?token={token}")}}', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"ids":[1],"withdraw":true}' })
                    .then(r => 'sent ' + r.status, e => 'refused: ' + e.message)
            """);
        string body = "{\"ids\":[1],\"withdraw\":true}";
        string noToken = Post(Url("/api/acknowledge"), body, origin: $"http://{WebAddress}:{WebPort}");
        string otherOrigin = Post(Url($"/api/acknowledge?token={token}"), body, origin: "http://elsewhere.example");

        // Then: refused each time, and still known
        Assert.StartsWith("refused", sent, StringComparison.Ordinal);
        Assert.Equal("401", noToken);
        Assert.Equal("403", otherOrigin);
        await Task.Delay(1_000);
        Assert.Equal(1, await page.Locator("tr.host.known[data-name='cable']").CountAsync());

        // When: withdrawn from the page
        await page.ClickAsync("form.acknowledge button[name='withdraw']");

        // Then: news again
        await page.WaitForSelectorAsync("tr.host.down:not(.known)[data-name='cable']", new() { Timeout = 5_000 });
        await Assertions.Expect(signage.Locator("#down")).ToHaveTextAsync("1");
    }

    [Fact]
    public void Should_take_no_post_When_the_web_view_has_no_token()
    {
        // Given: deadman's web view without a token
        StartDeadman("[web]\n", "alive 198.18.0.2\n");

        // Then: GET and HEAD only, everywhere
        Assert.Equal("405", Post(Url("/api/acknowledge"), "{\"ids\":[0]}", origin: $"http://{WebAddress}:{WebPort}"));
    }

    // The HTTP status of a JSON POST from the browser's namespace, with this Origin header.
    private string Post(string url, string body, string origin) =>
        Shell.RunChecked(["ip", "netns", "exec", _browserNs, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                          "-X", "POST", "-H", "Content-Type: application/json", "-H", $"Origin: {origin}", "--data", body, url]).Output.Trim();

    private Process StartDeadman(string settings, string hosts)
    {
        string toml = Path.Combine(_directory, "deadman.toml");
        File.WriteAllText(toml, settings);
        string config = Path.Combine(_directory, "lab.conf");
        File.WriteAllText(config, hosts);
        Process deadman = _processes.Start(_hosts.Client, s_deadman, "-i", "200ms", "-t", "200ms", "--settings", toml, "--web", $"{WebAddress}:{WebPort}",
                                           "--state-dir", Path.Combine(_directory, "state"), config);
        // The signage's state answers without a token, whether the operator's asks for one or not.
        Assert.True(SpinWait.SpinUntil(() => Shell.RunChecked(["ip", "netns", "exec", _browserNs, "curl", "-sf", "-o", "/dev/null", "--max-time", "1", Url("/api/signage/state")]).Exit == 0,
                                       TimeSpan.FromSeconds(20)), "deadman's web view did not start");
        return deadman;
    }

    // The browser and deadman first, then the namespaces they live in (xunit disposes in this order).
    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _processes.Dispose();
        _hosts.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
