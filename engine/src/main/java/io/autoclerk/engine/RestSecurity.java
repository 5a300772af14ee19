package io.autoclerk.engine;

import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The REST API asks for HTTP basic credentials of an engine user, like the webapps' login. */
@Configuration
public class RestSecurity {
  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> restAuthentication() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> reg = new FilterRegistrationBean<>();
    reg.setName("autoclerk-rest-auth");
    reg.setFilter(new ProcessEngineAuthenticationFilter());
    reg.addInitParameter(
        ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        CachingBasicAuthenticationProvider.class.getName());
    reg.addUrlPatterns("/engine-rest/*");
    return reg;
  }
}
