using System.Text.Json.Nodes;
using System.Text.Json;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;
using ImageGate.Endorsement.Publishing;
using ImageGate.Testing;
using ImageGate.Testing.Lists;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Endorsement.Tests.Publishing.Catalogue;

/// <summary>A list repository built by the endorsement use cases (endorse, revoke, merge as GitHub would), published
/// with the HTML catalogue (<c>publish --html</c>), opened in headless Chromium (one session per class).</summary>
public sealed class CatalogueSite : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();

    public string Output => _temp.Combine("site");

    public ChromeDriver Driver { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        foreach (var f in new[] { "/usr/bin/chromium", "/usr/bin/chromedriver" })
            if (!File.Exists(f)) throw new InvalidOperationException($"{f} is missing: apt-get install chromium chromium-driver (build/apt-packages.txt)");
        var ct = TestContext.Current.CancellationToken;
        var origin = TestInputs.CreateOrigin(_temp);
        var old = TestInputs.CreateImage(_temp, "debian12", 1, packages: [("bash", "5.2.15-2"), ("openssl", "3.0.11-1"), ("vim", "9.0")]);
        var cur = TestInputs.CreateImage(_temp, "debian12", 2, packages: [("bash", "5.2.15-2+b2"), ("openssl", "3.0.15-1"), ("libc6", "2.36-9"), ("curl", "7.88.1")]);
        var alma = TestInputs.CreateImage(_temp, "alma9", 3);
        await Endorse(origin, old, "debian12", "12.7", 1, "Debian <script>alert('pwned')</script> bookworm");
        await Endorse(origin, cur, "debian12", "12.8", 2, "Debian <script>alert('pwned')</script> bookworm");
        await Endorse(origin, alma, "alma9", "9.3", 3, "AlmaLinux 9");
        var rev = await new Endorser(TestInputs.GitClient).RevokeAsync(new RevokeRequest
        {
            Image = ImageReference.Parse("alma9@9.3"), Reason = "openssl <CVE> & friends", RevokedBy = "bob", Repository = new ListRepository(origin),
        }, ct);
        TestInputs.MergeBranch(_temp, origin, rev.Branch, 4, "Carol");
        // expire debian12 12.7 through its record, as an endorsement with a past expiry
        var work = _temp.Combine("expire");
        ExternalProcess.Run("git", ["clone", "-q", origin, work], environment: TestInputs.GitEnv);
        var recordPath = Path.Combine(work, "images", "debian12", "12.7", "record.json");
        var node = JsonNode.Parse(File.ReadAllText(recordPath))!;
        node["expires"] = "2026-01-01T00:00:00Z";
        File.WriteAllText(recordPath, node.ToJsonString() + "\n");
        TestInputs.Git(work, "commit", "-qam", "Expire debian12 12.7");
        TestInputs.Git(work, "push", "-q", "origin", "main");

        await new ListPublisher(TestInputs.GitClient).PublishAsync(new PublishRequest
        {
            Repository = new ListRepository(origin), OutputDirectory = Output, Signer = ListPublication.Unsigned, Endorser = ListPublication.Endorser,
            Html = true, Title = "Test <b>catalogue</b>",
        }, ct);

        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1600", $"--user-data-dir={_temp.Combine("chromium-profile")}");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(60);
    }

    private async Task Endorse(string origin, TestInputs.ImageSet set, string name, string version, int pr, string description)
    {
        var r = await new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(new EndorseRequest
        {
            ImagePath = set.Image, Name = name, Version = version, ReportPath = set.Report, BundlePath = set.Bundle, SbomPath = set.Sbom,
            Uri = $"https://example.org/{name}-{version}.qcow2", Description = description, Repository = new ListRepository(origin),
        }, TestContext.Current.CancellationToken);
        TestInputs.MergeBranch(_temp, origin, r.Branch, pr, "Alice");
    }

    public string Url(string file) => new Uri(Path.Combine(Output, file)).AbsoluteUri;

    public ValueTask DisposeAsync()
    {
        Driver?.Quit();
        Driver?.Dispose();
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class CatalogueBrowserTests(CatalogueSite site) : IClassFixture<CatalogueSite>
{
    private static string Screenshots
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "ImageGate.sln"))) root = root.Parent;
            var dir = Path.Combine(root?.FullName ?? throw new InvalidOperationException("ImageGate.sln not found above the test folder"), "artifacts", "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    [Fact]
    public void The_index_shows_endorsed_revoked_and_expired_images_with_text_statuses()
    {
        var d = site.Driver;
        d.Navigate().GoToUrl(site.Url("index.html"));
        var endorsed = d.FindElements(By.CssSelector("tr[data-status=endorsed]"));
        var row = Assert.Single(endorsed);
        Assert.Contains("debian12", row.Text);
        Assert.Contains("12.8", row.Text);
        Assert.Contains("Endorsed", row.Text);
        Assert.Contains("unverified approval claim: Alice", row.Text);
        Assert.DoesNotContain("approved by Alice", row.Text);
        var revoked = Assert.Single(d.FindElements(By.CssSelector("tr[data-status=revoked]")));
        Assert.Contains("alma9", revoked.Text);
        Assert.Contains("openssl <CVE> & friends", revoked.Text);
        var expired = Assert.Single(d.FindElements(By.CssSelector("tr[data-status=expired]")));
        Assert.Contains("12.7", expired.Text);
        Assert.Contains("Expired", expired.Text);
        Assert.Equal("Test <b>catalogue</b>", d.Title);
        ((ITakesScreenshot)d).GetScreenshot().SaveAsFile(Path.Combine(Screenshots, "catalogue-index.png"));
    }

    [Fact]
    public void Typing_in_the_search_box_filters_the_package_rows()
    {
        var d = site.Driver;
        d.Navigate().GoToUrl(site.Url("image-debian12.html"));
        Assert.Contains("Debian <script>alert('pwned')</script> bookworm", d.FindElement(By.CssSelector("p.description")).Text);
        var rows = d.FindElements(By.CssSelector("#pkgs0 tbody tr"));
        Assert.Equal(4, rows.Count);
        var search = d.FindElement(By.Id("search0"));
        search.SendKeys("openssl");
        var visible = d.FindElements(By.CssSelector("#pkgs0 tbody tr")).Where(r => r.Displayed).ToList();
        var only = Assert.Single(visible);
        Assert.Contains("3.0.15-1", only.Text);
        Assert.Equal("1 package(s)", d.FindElement(By.Id("count0")).Text);
        Assert.Contains("Upgraded openssl 3.0.11-1 → 3.0.15-1", d.PageSource);
        Assert.Contains("Removed vim", d.FindElement(By.Id("v0")).Text);
        ((ITakesScreenshot)d).GetScreenshot().SaveAsFile(Path.Combine(Screenshots, "catalogue-image.png"));
        search.Clear();
        search.SendKeys(" ");
        search.SendKeys(Keys.Backspace);
        Assert.Equal(4, d.FindElements(By.CssSelector("#pkgs0 tbody tr")).Count(r => r.Displayed));
    }

    [Fact]
    public void Every_link_resolves_to_a_local_file_or_a_recorded_download_uri()
    {
        var d = site.Driver;
        var checkedLinks = 0;
        foreach (var page in new[] { "index.html", "image-debian12.html", "image-alma9.html" })
        {
            d.Navigate().GoToUrl(site.Url(page));
            foreach (var a in d.FindElements(By.CssSelector("a[href]")))
            {
                var href = a.GetAttribute("href")!;
                var uri = new Uri(href);
                if (uri.IsFile) Assert.True(File.Exists(uri.LocalPath), $"{page}: {href} does not exist");
                else Assert.Matches(@"^https://example\.org/(debian12-12\.[78]|alma9-9\.3)\.qcow2$", href);
                checkedLinks++;
            }
        }
        Assert.True(checkedLinks > 10, $"only {checkedLinks} links");
    }

    private static readonly Lazy<string> AxeScript = new(() =>
    {
        using var stream = System.Reflection.Assembly.Load("Selenium.Axe").GetManifestResourceStream("Selenium.Axe.Resources.axe.min.js")
            ?? throw new InvalidOperationException("Selenium.Axe no longer ships axe.min.js");
        return new StreamReader(stream).ReadToEnd();
    });

    [Fact]
    public void Axe_reports_no_serious_or_critical_violations()
    {
        var d = site.Driver;
        foreach (var page in new[] { "index.html", "image-debian12.html", "image-alma9.html" })
        {
            d.Navigate().GoToUrl(site.Url(page));
            // Selenium.Axe 2.0.3's AxeBuilder is compiled against WebDriver 3; run the axe-core script it ships directly
            d.ExecuteScript(AxeScript.Value);
            var json = (string?)d.ExecuteAsyncScript(
                "var done = arguments[arguments.length - 1];" +
                "axe.run(document, { resultTypes: ['violations'] }).then(function (r) {" +
                "  done(JSON.stringify(r.violations.map(function (v) { return { id: v.id, impact: v.impact, help: v.help }; })));" +
                "}, function (e) { done('error: ' + e); });");
            Assert.StartsWith("[", json ?? "null");
            using var doc = JsonDocument.Parse(json!);
            var bad = doc.RootElement.EnumerateArray().Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
                .Select(v => $"{v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()}").ToList();
            Assert.True(bad.Count == 0, page + ": " + string.Join("; ", bad));
        }
    }
}
