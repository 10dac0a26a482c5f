// ImageGate build host. Run through ./build.sh TARGET (it bootstraps Debian packages, npm and dotnet tools).
// Tasks stay in this one file so a later move to Cake.Frosting is mechanical.
var target = Argument("target", "build");
var configuration = Argument("configuration", "Release");
var root = MakeAbsolute(Directory(".."));
var solution = root.CombineWithFilePath("ImageGate.sln");
var artifacts = root.Combine("artifacts");
var fixtures = artifacts.Combine("fixtures");
var toolPath = artifacts.Combine("tool");

void Run(string program, string args, DirectoryPath workingDirectory = null, IDictionary<string, string> env = null)
{
    var settings = new ProcessSettings { Arguments = args, WorkingDirectory = workingDirectory ?? root };
    if (env != null) settings.EnvironmentVariables = env;
    var code = StartProcess(program, settings);
    if (code != 0) throw new Exception($"{program} {args} exited with {code}");
}

Task("restore").Does(() => Run("dotnet", $"restore \"{solution}\""));

Task("build").IsDependentOn("restore")
    .Does(() => Run("dotnet", $"build \"{solution}\" -c {configuration} --no-restore -nologo"));

Task("fixtures")
    .Does(() =>
    {
        Run("bash", $"tests/fixtures/build-fixtures.sh \"{fixtures}\"");
        // The real Debian 12 cloud root for the false-positive tests, cached on its own (tests/fixtures/cloud/).
        Run("bash", $"tests/fixtures/cloud/build-cloud-root.sh \"{fixtures}\"");
        // The base disk of the embedded default (examples/debian12-cloud), booted by Packer's qemu builder in the
        // end-to-end tests and the demo (tests/fixtures/cloud/build-cloud-images.sh, cached likewise).
        Run("bash", $"tests/fixtures/cloud/build-cloud-disk.sh \"{fixtures}\"");
    });

Task("test").IsDependentOn("build").IsDependentOn("fixtures")
    .Does(() => Run("dotnet",
        $"test \"{solution}\" -c {configuration} --no-build --blame-hang-timeout 15m",
        env: new Dictionary<string, string> { ["IMAGEGATE_FIXTURES"] = fixtures.FullPath }));

Task("pack").IsDependentOn("restore")
    .Does(() => Run("dotnet", $"pack src/ImageGate.Cli/ImageGate.Cli.csproj -c {configuration} --no-restore -o \"{artifacts.Combine("package")}\""));

Task("install-tool").IsDependentOn("pack")
    .Does(() =>
    {
        if (DirectoryExists(toolPath)) DeleteDirectory(toolPath, new DeleteDirectorySettings { Recursive = true, Force = true });
        Run("dotnet", $"tool install ImageGate.Tool --tool-path \"{toolPath}\" --add-source \"{artifacts.Combine("package")}\" --version 0.1.0");
        Information($"installed: {toolPath}/imagegate");
    });

Task("demo").IsDependentOn("install-tool").IsDependentOn("fixtures")
    .Does(() => Run("bash", $"build/demo.sh \"{toolPath}/imagegate\" \"{fixtures}\""));

Task("bench").IsDependentOn("build").IsDependentOn("fixtures")
    .Does(() =>
    {
        if (FileExists(root.CombineWithFilePath("bench/run.sh"))) Run("bash", "bench/run.sh");
        if (FileExists(root.CombineWithFilePath("bench/registry.sh"))) Run("bash", "bench/registry.sh");
        else Information("bench: no benchmarks yet (issue \"Benchmarks\")");
    });

RunTarget(target);
