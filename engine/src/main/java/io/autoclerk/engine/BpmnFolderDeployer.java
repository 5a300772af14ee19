package io.autoclerk.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.engine.repository.DeploymentBuilder;
import org.operaton.bpm.engine.repository.DeploymentWithDefinitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Deploys every .bpmn and .dmn of the configured folder when the engine starts.
 *
 * <p>Duplicate filtering with "changed only" makes a restart with unchanged files a no-op, so
 * versions do not pile up. A file the engine rejects is logged with its name and the engine's
 * reason; the transaction rolls back, so the previous deployment stays in force.
 */
@Component
public class BpmnFolderDeployer implements SmartInitializingSingleton {
  static final String DEPLOYMENT_NAME = "autoclerk";
  private static final Logger LOG = LoggerFactory.getLogger(BpmnFolderDeployer.class);

  private final RepositoryService repositoryService;
  private final String folder;

  public BpmnFolderDeployer(
      RepositoryService repositoryService, @Value("${autoclerk.bpmn-dir:}") String folder) {
    this.repositoryService = repositoryService;
    this.folder = folder;
  }

  // Runs before the web server opens, so a client that sees the REST API sees the deployment.
  @Override
  public void afterSingletonsInstantiated() {
    if (folder == null || folder.isBlank()) {
      LOG.info("autoclerk: no bpmn folder configured, nothing to deploy");
      return;
    }
    Path dir = Path.of(folder);
    if (!Files.isDirectory(dir)) {
      LOG.warn("autoclerk: bpmn folder {} does not exist, nothing to deploy", dir);
      return;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".bpmn") || p.toString().endsWith(".dmn"))
          .sorted()
          .toList();
    } catch (IOException e) {
      LOG.error("autoclerk: cannot read bpmn folder {}: {}", dir, e.getMessage());
      return;
    }
    if (files.isEmpty()) {
      LOG.info("autoclerk: bpmn folder {} holds no .bpmn or .dmn", dir);
      return;
    }
    DeploymentBuilder builder = repositoryService.createDeployment()
        .name(DEPLOYMENT_NAME)
        .source(DEPLOYMENT_NAME)
        .enableDuplicateFiltering(true);
    try {
      for (Path f : files) {
        builder.addString(f.getFileName().toString(), Files.readString(f));
      }
      DeploymentWithDefinitions d = builder.deployWithResult();
      LOG.info("autoclerk: deployed {} from {} ({} new process definitions, {} new decisions)",
          files.size(), dir,
          d.getDeployedProcessDefinitions() == null ? 0 : d.getDeployedProcessDefinitions().size(),
          d.getDeployedDecisionDefinitions() == null ? 0 : d.getDeployedDecisionDefinitions().size());
    } catch (Exception e) {
      LOG.error("autoclerk: DEPLOYMENT FAILED for {}: {} (the previous deployment stays in force)",
          dir, String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " "));
    }
  }
}
