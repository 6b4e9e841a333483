# IntegrationHub container image: build with the .NET SDK, run on the ASP.NET Core runtime.
# librdkafka (the Kafka client's native library) ships in the librdkafka.redist NuGet package that
# Confluent.Kafka restores, so no native build step is needed; it lands in the publish output.
#
#   docker build -t integration-hub .
#   docker run -p 8080:8080 -e Kafka__BootstrapServers=broker1:9092,broker2:9092 -e HUB_API_KEY=... \
#     -e Connectors__Fxiaoke__BaseUrl=https://open.fxiaoke.com/ -e Connectors__Fxiaoke__AppId=... (see README) integration-hub

# Elsa Studio's files for the designer (/designer): the npm package build.sh fetches, integrity-checked by npm.
FROM node:20-bookworm-slim AS designer
WORKDIR /designer
RUN npm pack @elsa-workflows/elsa-studio-wasm@3.8.2 --silent && tar -xzf elsa-workflows-elsa-studio-wasm-3.8.2.tgz && rm ./*.tgz

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the layer is cached until a dependency changes. Every project the
# host references (directly or not) must be listed here; DockerfileTests checks that against the project files.
COPY nuget.config Directory.Build.props Directory.Packages.props ./
COPY src/IntegrationHub.Abstractions/IntegrationHub.Abstractions.csproj src/IntegrationHub.Abstractions/
COPY src/IntegrationHub.Kafka/IntegrationHub.Kafka.csproj src/IntegrationHub.Kafka/
COPY src/IntegrationHub.Storage/IntegrationHub.Storage.csproj src/IntegrationHub.Storage/
COPY src/IntegrationHub.Workflows/IntegrationHub.Workflows.csproj src/IntegrationHub.Workflows/
COPY src/IntegrationHub.Workflows.Runtime/IntegrationHub.Workflows.Runtime.csproj src/IntegrationHub.Workflows.Runtime/
COPY connectors/IntegrationHub.Connectors.Hosting/IntegrationHub.Connectors.Hosting.csproj connectors/IntegrationHub.Connectors.Hosting/
COPY src/IntegrationHub.Host/IntegrationHub.Host.csproj src/IntegrationHub.Host/
COPY connectors/IntegrationHub.Connectors.Http/IntegrationHub.Connectors.Http.csproj connectors/IntegrationHub.Connectors.Http/
COPY connectors/IntegrationHub.Connectors.Fxiaoke/IntegrationHub.Connectors.Fxiaoke.csproj connectors/IntegrationHub.Connectors.Fxiaoke/
COPY connectors/IntegrationHub.Connectors.Kingdee/IntegrationHub.Connectors.Kingdee.csproj connectors/IntegrationHub.Connectors.Kingdee/
COPY connectors/IntegrationHub.Connectors.Xero/IntegrationHub.Connectors.Xero.csproj connectors/IntegrationHub.Connectors.Xero/
COPY connectors/IntegrationHub.Connectors.Mailchimp/IntegrationHub.Connectors.Mailchimp.csproj connectors/IntegrationHub.Connectors.Mailchimp/
COPY connectors/IntegrationHub.Connectors.Salesforce/IntegrationHub.Connectors.Salesforce.csproj connectors/IntegrationHub.Connectors.Salesforce/
RUN dotnet restore src/IntegrationHub.Host/IntegrationHub.Host.csproj -r linux-x64
COPY src/ src/
COPY connectors/ connectors/
RUN dotnet publish src/IntegrationHub.Host/IntegrationHub.Host.csproj -c Release -r linux-x64 --self-contained false --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
RUN mkdir -p /var/lib/integration-hub && chown app:app /var/lib/integration-hub
COPY --from=build /app .
# The workflow definitions ship with the image; mount a folder over /app/workflows to run your own.
COPY workflows/ /app/workflows/
COPY --from=designer /designer/package /app/designer/
# Connector plugins: mount a folder (one subfolder per plugin) and set Connectors__PluginsPath to it.
ENV Hub__Urls=http://0.0.0.0:8080 \
    Store__SqlitePath=/var/lib/integration-hub/hub.db \
    Workflows__Path=/app/workflows \
    Hub__Designer__Path=/app/designer \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
VOLUME /var/lib/integration-hub
USER app
# The runtime image has no curl: let the orchestrator probe GET /health/live and GET /health/ready (no API key needed).
ENTRYPOINT ["dotnet", "IntegrationHub.Host.dll"]
