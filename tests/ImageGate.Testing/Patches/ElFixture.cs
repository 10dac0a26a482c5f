using ImageGate.Core.Packages;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;

namespace ImageGate.Testing.Patches;

/// <summary>Real EL-style test data made with the real tools: RPMs built with rpmbuild, the old ones installed with
/// <c>rpm --root</c> into a test root (real rpmdb), the new ones in a repository made with createrepo_c, an
/// updateinfo.xml added with modifyrepo_c, repomd.xml signed with a throw-away key; the image root holds a .repo
/// file and the key.</summary>
public sealed class ElFixture : IDisposable
{
    private readonly TempDirectory _dir = new("imagegate-el");

    public ElFixture()
    {
        foreach (var tool in (string[])["rpm", "gpg"]) ExternalProcess.Require(tool);
        Key = new TestGpgKey("ImageGate Test EL Repository");
        OtherKey = new TestGpgKey("Someone Else");
        var all = new RpmSpec[]
        {
            new("foo", "1.0", "1") { WithFile = true }, new("foo", "1.0", "2") { WithFile = true },
            new("bar", "2.0", "1") { WithFile = true }, new("bar", "2.1", "1") { WithFile = true },
            new("baz", "1.0", "1") { WithFile = true },
            new("qux", "0.9", "1") { Epoch = "1", WithFile = true },
        };
        var rpms = RpmTestPackages.Build(_dir.Combine("top"), all);
        string Rpm(string nvr) => rpms.Single(r => Path.GetFileName(r) == nvr + ".noarch.rpm");

        // The "image": old versions installed into a real rpmdb.
        RpmRoot = _dir.Combine("rpmroot");
        Directory.CreateDirectory(RpmRoot);
        Run("rpm", ["--root", RpmRoot, "--initdb"]);
        Run("rpm", ["--root", RpmRoot, "-i", "--nodeps", "--nosignature", "--justdb",
            Rpm("foo-1.0-1"), Rpm("bar-2.0-1"), Rpm("baz-1.0-1"), Rpm("qux-0.9-1")]);
        var q = Run("rpm", ["--root", RpmRoot, "-qa", "--qf", "%{NAME}\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\t%{ARCH}\n"]);
        Installed = q.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .Select(p => new InstalledPackage(PackageType.Rpm, p[0], p[1].StartsWith("0:", StringComparison.Ordinal) ? p[1][2..] : p[1], p[2]))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        if (Installed.Count != 4) throw new InvalidOperationException("rpm --root did not install the 4 test packages: " + q.StandardOutput);

        // The repository: new versions, two compressions, updateinfo with security and bugfix advisories.
        foreach (var (variant, primaryCompression, updateinfoCompression) in Variants)
        {
            var repo = Path.Combine(_dir.Path, "server", variant, "el", "9", "x86_64");
            ElTestRepository.Create(repo, ((string[])["foo-1.0-2", "bar-2.1-1", "baz-1.0-1", "qux-0.9-1"]).Select(Rpm), UpdateInfo, Key,
                primaryCompression, updateinfoCompression);
        }

        ImageRoot = MakeImageRoot("image", Key.PublicKeyArmored, repoGpgCheck: true);
        WrongKeyImageRoot = MakeImageRoot("image-wrong-key", OtherKey.PublicKeyArmored, repoGpgCheck: true);
    }

    public static readonly (string Variant, string Primary, string UpdateInfo)[] Variants = [("xz", "xz", "xz"), ("gz", "gz", "bz2")];

    public TestGpgKey Key { get; }

    public TestGpgKey OtherKey { get; }

    public string RpmRoot { get; }

    public IReadOnlyList<InstalledPackage> Installed { get; }

    public string ImageRoot { get; }

    public string WrongKeyImageRoot { get; }

    public string ServerRoot(string variant) => Path.Combine(_dir.Path, "server", variant);

    public string Repo(string variant) => Path.Combine(ServerRoot(variant), "el", "9", "x86_64");

    public static OsRelease Os => new("almalinux", "9.4", "AlmaLinux 9.4 (Seafoam Ocelot)") { IdLike = ["rhel", "centos", "fedora"] };

    /// <summary>An image root whose only repository is <paramref name="repoFile"/> (the test key trusted).</summary>
    public string MakeImageRoot(string name, string repoFile)
    {
        var root = MakeImageRoot(name, Key.PublicKeyArmored, repoGpgCheck: true);
        File.WriteAllText(Path.Combine(root, "etc/yum.repos.d/test.repo"), repoFile);
        return root;
    }

    private string MakeImageRoot(string name, string key, bool repoGpgCheck)
    {
        var root = _dir.Combine(name);
        Directory.CreateDirectory(Path.Combine(root, "etc/yum.repos.d"));
        Directory.CreateDirectory(Path.Combine(root, "etc/pki/rpm-gpg"));
        Directory.CreateDirectory(Path.Combine(root, "etc/dnf/vars"));
        File.WriteAllText(Path.Combine(root, "etc/dnf/vars/contentdir"), "el\n");
        File.WriteAllText(Path.Combine(root, "etc/pki/rpm-gpg/RPM-GPG-KEY-test"), key);
        File.WriteAllText(Path.Combine(root, "etc/os-release"), "ID=\"almalinux\"\nVERSION_ID=\"9.4\"\n");
        File.WriteAllText(Path.Combine(root, "etc/yum.repos.d/test.repo"), $"""
            # A repository as EL images configure them.
            [test-baseos]
            name=Test $releasever - $basearch
            baseurl=http://repo.example.invalid/$contentdir/$releasever/$basearch/
            enabled=1
            gpgcheck=1
            repo_gpgcheck={(repoGpgCheck ? 1 : 0)}
            gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-test

            [test-disabled]
            name=Disabled
            baseurl=http://nowhere.example.invalid/
            enabled=0

            """);
        return root;
    }

    private const string UpdateInfo = """
        <?xml version="1.0" encoding="UTF-8"?>
        <updates>
          <update from="security@example.invalid" status="final" type="security" version="2">
            <id>TEST-2026:0001</id>
            <title>Important: foo security update</title>
            <issued date="2026-11-20 00:00:00"/>
            <severity>Important</severity>
            <references>
              <reference href="https://example.invalid/CVE-2026-0001" id="CVE-2026-0001" type="cve" title="CVE-2026-0001"/>
            </references>
            <pkglist><collection short="test">
              <name>test</name>
              <package name="foo" version="1.0" release="2" epoch="0" arch="noarch" src="foo-1.0-2.src.rpm"><filename>foo-1.0-2.noarch.rpm</filename></package>
            </collection></pkglist>
          </update>
          <update from="security@example.invalid" status="final" type="security" version="2">
            <id>TEST-2026:0004</id>
            <title>Low: foo security update</title>
            <issued date="2026-11-01 00:00:00"/>
            <severity>Low</severity>
            <pkglist><collection short="test">
              <package name="foo" version="1.0" release="1.5" epoch="0" arch="noarch"><filename>foo-1.0-1.5.noarch.rpm</filename></package>
            </collection></pkglist>
          </update>
          <update from="security@example.invalid" status="final" type="security" version="2">
            <id>TEST-2026:0002</id>
            <title>Moderate: qux security update</title>
            <severity>Moderate</severity>
            <pkglist><collection short="test">
              <package name="qux" version="1.0" release="1" epoch="0" arch="noarch"><filename>qux-1.0-1.noarch.rpm</filename></package>
            </collection></pkglist>
          </update>
          <update from="updates@example.invalid" status="final" type="bugfix" version="2">
            <id>TEST-2026:0003</id>
            <title>bar bug fix update</title>
            <pkglist><collection short="test">
              <package name="bar" version="2.1" release="1" epoch="0" arch="noarch"><filename>bar-2.1-1.noarch.rpm</filename></package>
            </collection></pkglist>
          </update>
        </updates>
        """;

    private static ProcessResult Run(string program, string[] args)
    {
        var r = ExternalProcess.Run(program, args, timeout: TimeSpan.FromMinutes(5));
        if (r.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({r.ExitCode}): {r.StandardError}");
        return r;
    }

    public void Dispose()
    {
        Key.Dispose();
        OtherKey.Dispose();
        _dir.Dispose();
    }
}
