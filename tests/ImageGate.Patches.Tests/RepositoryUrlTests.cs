namespace ImageGate.Patches.Tests;

public class RepositoryUrlTests
{
    [Theory]
    [InlineData("http://user:pw@deb.example.invalid/debian", "http://deb.example.invalid/debian", "user:pw")]
    [InlineData("https://TOKEN@packages.example.invalid:8443/el/9?x=1", "https://packages.example.invalid:8443/el/9?x=1", "TOKEN")]
    [InlineData("https://u:p%40ss@h.example.invalid", "https://h.example.invalid", "u:p%40ss")]
    [InlineData("https://u:pa@ss@h.example.invalid/x", "https://h.example.invalid/x", "u:pa@ss")]
    [InlineData("https://u:pa/ss@h.example.invalid/x", "https://h.example.invalid/x", "u:pa/ss")]
    [InlineData("http://deb.example.invalid/debian", "http://deb.example.invalid/debian", null)]
    [InlineData("http://h.example.invalid:8080/a@b", "http://h.example.invalid:8080/a@b", null)]
    [InlineData("test-baseos", "test-baseos", null)]
    public void User_information_is_split_off_the_url(string url, string redacted, string? userInfo)
    {
        Assert.Equal((redacted, userInfo), RepositoryUrl.Split(url));
        Assert.Equal(redacted, RepositoryUrl.Redact(url));
        Assert.Equal(userInfo is not null, RepositoryUrl.HasUserInfo(url));
    }

    [Fact]
    public void A_source_without_credentials_has_none_in_its_id_and_urls()
    {
        var source = new RepositorySource(RepositoryKind.Deb, "http://u:Pw-1@deb.example.invalid/debian bookworm", ["http://u:Pw-1@deb.example.invalid/debian"])
        {
            MirrorList = "https://u:Pw-1@mirrors.example.invalid/list",
            KeyUrls = ["https://u:Pw-1@keys.example.invalid/key.asc"],
        }.WithoutCredentials();
        Assert.True(source.CredentialsRemoved);
        Assert.Equal("http://deb.example.invalid/debian bookworm", source.Id);
        Assert.Equal(["http://deb.example.invalid/debian"], source.BaseUrls);
        Assert.Equal("https://mirrors.example.invalid/list", source.MirrorList);
        Assert.Equal(["https://keys.example.invalid/key.asc"], source.KeyUrls);
    }
}
