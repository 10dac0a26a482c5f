using ImageGate.Core.Errors;
using ImageGate.Packer.Manifest;
using ImageGate.Testing;

namespace ImageGate.Packer.Tests.Manifest;

public sealed class ManifestReaderTests
{
    [Fact]
    public void The_manifest_output_is_found_in_json_and_hcl_templates()
    {
        Assert.Equal("out/manifest.json", ManifestReader.Locate(TestData.Template("disks.json")));
        Assert.Equal("hcl-out/manifest.json", ManifestReader.Locate(TestData.Template("raw.pkr.hcl")));
        Assert.Null(ManifestReader.Locate(TestData.Template("failing.json")));
    }

    [Fact]
    public void A_manifest_post_processor_without_output_writes_the_default_file()
    {
        using var dir = new TempDirectory();
        var template = dir.Combine("t.json");
        File.WriteAllText(template, """{"builders":[],"post-processors":[{"type":"manifest"}]}""");
        Assert.Equal("packer-manifest.json", ManifestReader.Locate(template));
        File.WriteAllText(template, """{"builders":[],"post-processors":[{"type":"manifest","output":"{{user `o`}}.json"}]}""");
        Assert.Null(ManifestReader.Locate(template));
    }

    [Fact]
    public void Only_the_last_run_is_read()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("m.json");
        File.WriteAllText(path, """
            {"builds":[
              {"name":"old","builder_type":"null","files":[{"name":"old.img","size":1}],"artifact_id":"","packer_run_uuid":"a","custom_data":null},
              {"name":"new","builder_type":"qemu","files":[{"name":"new.img","size":512}],"artifact_id":"x","packer_run_uuid":"b","custom_data":{"image":"rec","n":3}}],
             "last_run_uuid":"b"}
            """);
        var build = Assert.Single(ManifestReader.Read(path));
        Assert.Equal("new", build.Name);
        Assert.Equal("qemu", build.BuilderType);
        Assert.Equal([KeyValuePair.Create("new.img", 512L)], build.Files);
        Assert.Equal("rec", build.CustomData["image"]);
        Assert.Equal("3", build.CustomData["n"]);
    }

    [Fact]
    public void A_damaged_manifest_is_bad_input_naming_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("m.json");
        File.WriteAllText(path, """{"builds":[{"name":""");
        var ex = Assert.Throws<BadInputException>(() => ManifestReader.Read(path));
        Assert.Equal(path, ex.Path);
    }
}
