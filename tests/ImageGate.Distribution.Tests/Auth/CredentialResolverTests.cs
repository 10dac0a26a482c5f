using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Distribution.Auth;
using ImageGate.Testing;

namespace ImageGate.Distribution.Tests.Auth;

public sealed class CredentialResolverTests
{
    [Fact]
    public void The_Docker_config_file_gives_base64_auth_or_username_and_password_for_the_host()
    {
        using var dir = new TempDirectory();
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("robot$vo:tok:en"));
        File.WriteAllText(dir.Combine("config.json"), $$$"""
            {"auths": {"https://harbor.example.org/v2/": {"auth": "{{{auth}}}"},
                       "ghcr.io": {"username": "octo", "password": "ghp_x"}},
             "credsStore": "desktop"}
            """);
        var vars = new Dictionary<string, string> { ["DOCKER_CONFIG"] = dir.Path };

        var harbor = CredentialResolver.Resolve("harbor.example.org", null, null, vars);
        var ghcr = CredentialResolver.Resolve("ghcr.io", null, null, vars);
        var other = CredentialResolver.Resolve("quay.io", null, null, vars);

        Assert.Equal(("robot$vo", "tok:en"), (harbor!.Username, harbor.Password));
        Assert.Equal(("octo", "ghp_x"), (ghcr!.Username, ghcr.Password));
        Assert.Null(other);
        Assert.DoesNotContain("tok:en", harbor.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_wins_over_the_environment_which_wins_over_the_Docker_config()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("config.json"), """{"auths": {"r.example": {"username": "file", "password": "f"}}}""");
        var vars = new Dictionary<string, string>
        {
            ["DOCKER_CONFIG"] = dir.Path,
            [CredentialResolver.UsernameVariable] = "env",
            [CredentialResolver.PasswordVariable] = "e",
        };

        Assert.Equal("cli", CredentialResolver.Resolve("r.example", "cli", "c", vars)!.Username);
        Assert.Equal("env", CredentialResolver.Resolve("r.example", null, null, vars)!.Username);
        vars.Remove(CredentialResolver.UsernameVariable);
        Assert.Throws<BadInputException>(() => CredentialResolver.Resolve("r.example", null, null, vars));
        vars.Remove(CredentialResolver.PasswordVariable);
        Assert.Equal("file", CredentialResolver.Resolve("r.example", null, null, vars)!.Username);
    }
}
