using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Host.Designer;

/// <summary>The designer's settings (<c>Hub:Designer</c>), validated at start.</summary>
internal sealed class DesignerOptions
{
    public const string Section = "Hub:Designer";

    /// <summary>
    /// The unpacked npm package <c>@elsa-workflows/elsa-studio-wasm</c> (its <c>package</c> folder), which
    /// <c>./build.sh setup</c> fetches. When it is missing the designer page says so and everything else works.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Hub:Designer:Path must name the folder of Elsa Studio's files.")]
    public string Path { get; set; } = "./.designer/elsa-studio-wasm-3.8.2/package";

    /// <summary>How long a designer page's token for the Elsa API lasts; 8 h by default (the page is opened again after).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00", ErrorMessage = "Hub:Designer:TokenLifetime must be between 5 min and 1 day.")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    public bool Installed => File.Exists(System.IO.Path.Combine(Path, "_framework", "blazor.webassembly.js"));
}
