
namespace ImageGate.Testing.Images;

/// <summary>A held-out Debian 12 root made for these tests: one old package (tzdata, which bookworm-security of the
/// committed snapshot updates), the Debian archive key, and repository credentials in every form the policy knows:
/// user:password@ in one-line and deb822 apt sources (also in a commented-out line), apt auth.conf and auth.conf.d,
/// a yum .repo with a URL password, username/password settings and an sslclientkey file.</summary>
public sealed class RepositoryCredentialsImage : IDisposable
{
    private readonly TempDirectory _dir = new("imagegate-repocreds");

    /// <summary>Every password planted in the root (none may appear in any output).</summary>
    public static readonly string[] Passwords =
    [
        "Deb-OneLine-Pw-8Rk2x", "Deb-Deb822-Pw-3Jv7q", "Deb-Commented-Pw-5Tn1", "AptAuth-Pw-6Wm4z", "AptAuthD-Pw-2Hs9c",
        "Yum-Url-Pw-4Lp6v", "Yum-Setting-Pw-7Qd3n", "Yum-ClientKey-Body-9Xe5b",
    ];

    public RepositoryCredentialsImage()
    {
        const string keyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
        if (!File.Exists(keyring)) throw new InvalidOperationException($"{keyring} is missing (apt package debian-archive-keyring)");
        Write("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n");
        Write("var/lib/dpkg/status", """
            Package: tzdata
            Status: install ok installed
            Priority: required
            Section: localization
            Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
            Architecture: all
            Version: 2024a-0+deb12u1
            Description: time zone and daylight-saving time data

            """);
        Directory.CreateDirectory(Path.Combine(Root, "etc/apt/keyrings"));
        File.Copy(keyring, Path.Combine(Root, "etc/apt/keyrings/debian.gpg"));
        Write("etc/apt/sources.list", $"""
            deb [signed-by=/etc/apt/keyrings/debian.gpg] http://builder:{Passwords[0]}@deb.debian.org/debian bookworm-updates main
            # deb http://old:{Passwords[2]}@deb.debian.org/debian bookworm-backports main

            """);
        Write("etc/apt/sources.list.d/security.sources", $"""
            Types: deb
            URIs: http://builder:{Passwords[1]}@deb.debian.org/debian-security
            Suites: bookworm-security
            Components: main
            Signed-By: /etc/apt/keyrings/debian.gpg

            """);
        Write("etc/apt/sources.list.d/clean.list", "deb [signed-by=/etc/apt/keyrings/debian.gpg] http://deb.debian.org/debian bookworm main\n");
        Write("etc/apt/auth.conf", $"machine private.example.invalid login builder password {Passwords[3]}\n");
        Write("etc/apt/auth.conf.d/90private.conf", $"machine https://other.example.invalid/apt\nlogin token\npassword {Passwords[4]}\n");
        Write("etc/yum.repos.d/private.repo", $"""
            [private]
            name=Private
            baseurl=https://builder:{Passwords[5]}@yum.example.invalid/el9/$basearch/
            username=builder
            password={Passwords[6]}
            sslclientkey=/etc/pki/private/client.key
            gpgcheck=1

            """);
        Write("etc/pki/private/client.key", $"opaque client key material {Passwords[7]}\n");
    }

    /// <summary>The root folder.</summary>
    public string Root => _dir.Combine("root");

    private void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose() => _dir.Dispose();
}
