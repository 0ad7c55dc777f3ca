package io.phalanx.parallel.worker;

import io.phalanx.parallel.worker.services.EchoService;
import io.phalanx.parallel.worker.services.EchoServiceImpl;
import io.phalanx.parallel.worker.services.Stamp;
import io.phalanx.parallel.worker.services.TestBundles;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceDeclarationsTest {

  private static final ClassLoader LOADER = ServiceDeclarationsTest.class.getClassLoader();

  private static ServiceDeclarations load(Class<?>... bundles) {
    return ServiceDeclarations.load(java.util.Arrays.stream(bundles).map(Class::getName).toList(), LOADER);
  }

  private static void assertRefused(String message, Class<?>... bundles) {
    assertThatThrownBy(() -> load(bundles)).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining(bundles[bundles.length - 1].getName()).hasMessageContaining(message);
  }

  @Test
  void noBundlesDeclareNothing() {
    ServiceDeclarations none = ServiceDeclarations.load(List.of(), LOADER);

    assertThat(none.isEmpty()).isTrue();
    assertThat(none.parentAddresses()).isEmpty();
  }

  @Test
  void collectsEveryBundlesServicesInOrder() {
    ServiceDeclarations declarations = load(TestBundles.Local.class, TestBundles.Echo.class);

    assertThat(declarations.bundles()).containsExactly(TestBundles.Local.class.getName(),
      TestBundles.Echo.class.getName());
    assertThat(declarations.locals().stream().map(l -> (Object) l.type()).toList()).containsExactly(Stamp.class);
    assertThat(declarations.parents().stream().map(p -> (Object) p.type()).toList())
      .containsExactly(EchoService.class);
    assertThat(declarations.parentAddresses()).containsExactly(EchoService.ADDRESS);
    assertThat(declarations.parents().get(0).bundle()).isEqualTo(TestBundles.Echo.class.getName());
  }

  @Test
  void anUnknownClassIsRefusedNamingIt() {
    assertThatThrownBy(() -> ServiceDeclarations.load(List.of("com.example.NoSuchBundle"), LOADER))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("com.example.NoSuchBundle").hasMessageContaining("not found");
  }

  @Test
  void nonBundleIsRefusedUninitialized() {
    assertRefused("does not implement io.phalanx.parallel.service.ServiceBundle", TestBundles.NotABundle.class);
  }

  @Test
  void aBundleThatCannotBeCreatedIsRefusedSayingWhy() {
    assertRefused("is abstract", TestBundles.Abstract.class);
    assertRefused("no public no-arg constructor", TestBundles.NoDefaultConstructor.class);
    assertRefused("no database configured", TestBundles.ThrowingConstructor.class);
    assertRefused("cannot register", TestBundles.ThrowingRegister.class);
  }

  @Test
  void badDeclarationsAreRefusedNamingBoth() {
    assertRefused("already declares", TestBundles.Duplicate.class);
    assertRefused("not an interface", TestBundles.ParentClass.class);
    assertRefused("blank address", TestBundles.BlankAddress.class);
    assertRefused("already uses", TestBundles.Echo.class, TestBundles.SameAddress.class);
    assertRefused("already declares", TestBundles.Local.class, TestBundles.Local.class);
  }

  @Test
  void serviceWithoutProxyExplainsCodegenSetUp() {
    assertThatThrownBy(() -> load(TestBundles.Unproxied.class))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("NotProxiedVertxEBProxy")
      .hasMessageContaining("@ProxyGen")
      .hasMessageContaining("@ModuleGen");
  }

  @Test
  void throwingFactoryFailsNamingServiceAndBundle() {
    ServiceDeclarations declarations = load(TestBundles.ThrowingFactory.class);

    assertThatThrownBy(() -> declarations.locals().get(0).build(null))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining(Stamp.class.getName())
      .hasMessageContaining(TestBundles.ThrowingFactory.class.getName())
      .hasMessageContaining("factory broke");
  }

  // ------------------------------------------------------------------------------------------------ registered

  private static ServiceSpec echo(String implementation, io.vertx.core.json.JsonObject config) {
    return new ServiceSpec(true, EchoService.class.getName(), EchoService.ADDRESS, implementation, config, true);
  }

  private static ServiceDeclarations loadRegistered(ServiceSpec... specs) {
    return ServiceDeclarations.load(List.of(), List.of(specs), LOADER);
  }

  @Test
  void aRegisteredParentServiceBuildsItsImplementation() {
    ServiceDeclarations declarations = loadRegistered(echo(EchoServiceImpl.class.getName(), null));

    ServiceDeclarations.Parent<?> parent = declarations.parents().get(0);
    assertThat(parent.type()).isEqualTo(EchoService.class);
    assertThat(parent.blocking()).isTrue();
    assertThat(parent.bundle()).isNull();
    assertThat(parent.source()).isEqualTo("ParallelConfig");
    assertThat(parent.build(null)).isInstanceOf(EchoServiceImpl.class);
    assertThat(declarations.parentAddresses()).containsExactly(EchoService.ADDRESS);
    assertThat(declarations.isEmpty()).isFalse();
  }

  @Test
  void aWorkerKnowsAParentServiceButNotItsClass() {
    ServiceDeclarations declarations = loadRegistered(ServiceSpec.parentProxy(EchoService.class.getName(),
      EchoService.ADDRESS));

    assertThat(declarations.parentAddresses()).containsExactly(EchoService.ADDRESS);
    assertThatThrownBy(() -> declarations.parents().get(0).build(null))
      .hasMessageContaining("is built in the parent only");
  }

  @Test
  void aRegisteredLocalServiceIsBuiltFromItsClass() {
    ServiceDeclarations declarations = loadRegistered(ServiceSpec.local(Object.class.getName(),
      StringBuilder.class.getName()));

    assertThat(declarations.locals().get(0).build(null)).isInstanceOf(StringBuilder.class);
  }

  @Test
  void registrationsThatCannotWorkAreRefusedNamingThem() {
    String store = "parent service " + EchoService.class.getName();
    assertThatThrownBy(() -> loadRegistered(echo("com.acme.Missing", null)))
      .hasMessage(store + ": implementation class com.acme.Missing not found on the class path");
    assertThatThrownBy(() -> loadRegistered(echo(String.class.getName(), null)))
      .hasMessage(store + ": implementation class java.lang.String does not implement " + EchoService.class.getName());
    assertThatThrownBy(() -> loadRegistered(echo(EchoServiceImpl.class.getName(),
      new io.vertx.core.json.JsonObject().put("a", 1))))
      .hasMessageContaining("has settings, but its implementation class");
    assertThatThrownBy(() -> loadRegistered(ServiceSpec.parentProxy("com.acme.Nothing", "x")))
      .hasMessage("parent service com.acme.Nothing: class com.acme.Nothing not found on the class path");
    assertThatThrownBy(() -> loadRegistered(ServiceSpec.parentProxy(
      io.phalanx.parallel.worker.services.NotProxied.class.getName(), "x")))
      .hasMessageContaining("ParallelConfig declares parent service").hasMessageContaining("NotProxiedVertxEBProxy");
  }

  @Test
  void aRegisteredServiceAndABundleMayNotShareAnAddress() {
    assertThatThrownBy(() -> ServiceDeclarations.load(List.of(TestBundles.Echo.class.getName()),
      List.of(echo(EchoServiceImpl.class.getName(), null)), LOADER))
      .hasMessageContaining("service bundle " + TestBundles.Echo.class.getName() + " declares parent service")
      .hasMessageContaining("of ParallelConfig already uses");
  }
}
